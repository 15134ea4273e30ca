import type { FakeWorld } from "./fakeWorld";
import { sendJson } from "./httpUtil";
import type { FakeProvider } from "./providerRoute";

// Placeholder until the kling fake lands.
export function createKlingFake(_world: FakeWorld): FakeProvider {
  return {
    name: "kling",
    prefixes: ["/kling"],
    hosts: {},
    renderError: (error) => ({ status: error.status ?? 500, body: { error: error.message } }),
    async handle(_prefix, _req, res) {
      sendJson(res, 501, { error: "not implemented" });
    },
  };
}
