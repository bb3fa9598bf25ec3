#!/usr/bin/env python3
"""An external ReasonRL verifier: exact match of the answer against reference["answer"].

Protocol (JSON Lines on stdin/stdout, one request and one reply per line, UTF-8):
  request: {"id": 7, "problem": {"id": ..., "family": ..., "prompt": ..., "reference": {...}, ...}, "completion": "..."}
  reply:   {"id": 7, "reward": 1.0, "outcome": "correct", "flags": [], "detail": "..."}
outcome is one of correct, incorrect, bad_format, timeout, tampered, error. Optional reply fields: flags (strings),
steps ([{"end": offset, "correct": bool}]), detail. Flush after every reply. Python 3 standard library only.

Run by ReasonRL through exact_answer.verifier.json (reasonrl verify --plugins DIR --verifier exact_answer).
"""
import json
import re
import sys

ANSWER = re.compile(r"<answer>(.*?)</answer>", re.S)


def verify(problem, completion):
    expected = problem.get("reference", {}).get("answer")
    if not isinstance(expected, str):
        return 0.0, "error", "the reference has no string 'answer'"
    answers = ANSWER.findall(completion)
    if not answers:
        return 0.0, "bad_format", "no <answer> tag"
    given = " ".join(answers[-1].split())
    if given == " ".join(expected.split()):
        return 1.0, "correct", "exact match"
    return 0.0, "incorrect", "expected %r" % expected


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reward, outcome, detail = verify(request["problem"], request["completion"])
        reply = {"id": request["id"], "reward": reward, "outcome": outcome, "flags": [], "detail": detail}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
