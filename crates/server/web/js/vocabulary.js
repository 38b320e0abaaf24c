// The fixed lists (PLOVER types, modalities, verdicts, implementation levels) as the server
// defines them, read once from /api/vocabulary: the page copies none of them.

import { $, api, esc } from "./dom.js";

export const vocabulary = {};

export async function loadVocabulary() {
  Object.assign(vocabulary, await api("vocabulary"));
}

const option = (value, label = value) => `<option value="${esc(value)}">${esc(label)}</option>`;

// the filters' choices: any type, the default modality first and then every modality at
// once, any verdict
export function fillChoices() {
  const v = vocabulary;
  $("f-type").innerHTML = option("", "any") + v.event_types.map((t) => option(t)).join("");
  const others = v.modalities.filter((m) => m !== v.modality_default);
  $("f-modality").innerHTML = [v.modality_default, v.modality_any, ...others].map((m) => option(m)).join("");
  $("f-status").innerHTML = option("", "any") + v.verdict_filters.map((s) => option(s)).join("");
}

// "2 intermediate": an implementation level with its name
export const levelName = (level) => `${level} ${vocabulary.implementation_levels[level] ?? ""}`;
