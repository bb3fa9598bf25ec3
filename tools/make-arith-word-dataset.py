#!/usr/bin/env python3
"""Writes data/datasets/arith-word.jsonl: short arithmetic word problems a toy character-level model can learn.

Run by hand (the file is shipped): python3 tools/make-arith-word-dataset.py
Each row is {"id", "question", "answer"} as Hugging Face math datasets store them; "answer" is a worked solution
ending either in GSM8K's "#### 10" line or in MATH's "\\boxed{10}", alternately, so importing the file exercises both
answer conventions. Numbers are single digits; the questions use printable ASCII only (the shipped base checkpoint's
character vocabulary).
"""
import json
import random

NAMES = ["Tom", "Ann", "Bob", "Eve", "Sam", "Mia", "Leo", "Ada"]
ITEMS = ["apple", "pen", "card", "ball", "book", "coin", "cup", "shell"]


def problem(rng):
    name, item = rng.choice(NAMES), rng.choice(ITEMS)
    kind = rng.choice(["add", "sub", "mul", "add_sub", "sub_add"])
    a, b, c = rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 9)
    if kind == "add":
        q = f"{name} has {a} {item}s and gets {b} more. How many {item}s does {name} have?"
        steps, value = [f"{a}+{b} = {a + b}"], a + b
    elif kind == "sub":
        a, b = max(a, b), min(a, b)
        q = f"{name} has {a} {item}s and gives away {b}. How many {item}s are left?"
        steps, value = [f"{a}-{b} = {a - b}"], a - b
    elif kind == "mul":
        q = f"{name} buys {a} bags with {b} {item}s in each. How many {item}s is that?"
        steps, value = [f"{a}*{b} = {a * b}"], a * b
    elif kind == "add_sub":
        c = rng.randint(1, a + b)
        q = f"{name} has {a} {item}s, gets {b} more, then gives away {c}. How many {item}s are left?"
        steps, value = [f"{a}+{b} = {a + b}", f"{a + b}-{c} = {a + b - c}"], a + b - c
    else:
        a, b = max(a, b), min(a, b)
        q = f"{name} has {a} {item}s, loses {b}, then finds {c}. How many {item}s now?"
        steps, value = [f"{a}-{b} = {a - b}", f"{a - b}+{c} = {a - b + c}"], a - b + c
    return q, steps, value


def main():
    rng = random.Random(19)
    seen, rows = set(), []
    while len(rows) < 1500:
        q, steps, value = problem(rng)
        if q in seen:
            continue
        seen.add(q)
        if len(rows) % 2 == 0:
            answer = "\n".join(steps) + f"\n#### {value}"
        else:
            answer = "\n".join(steps) + f"\nThe answer is \\boxed{{{value}}}."
        rows.append({"id": f"arith-word-{len(rows):05d}", "question": q, "answer": answer})
    with open("data/datasets/arith-word.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
