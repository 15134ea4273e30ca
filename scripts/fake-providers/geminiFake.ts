import type { FakeWorld } from "./fakeWorld";
import { sendJson } from "./httpUtil";
import type { FakeProvider } from "./providerRoute";

// Placeholder until the gemini fake lands.
export function createGeminiFake(_world: FakeWorld): FakeProvider {
  return {
    name: "gemini",
    prefixes: ["/gemini"],
    hosts: {},
    renderError: (error) => ({ status: error.status ?? 500, body: { error: error.message } }),
    async handle(_prefix, _req, res) {
      sendJson(res, 501, { error: "not implemented" });
    },
  };
}
