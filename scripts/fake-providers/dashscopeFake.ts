import type { FakeWorld } from "./fakeWorld";
import { sendJson } from "./httpUtil";
import type { FakeProvider } from "./providerRoute";

// Placeholder until the dashscope fake lands.
export function createDashscopeFake(_world: FakeWorld): FakeProvider {
  return {
    name: "dashscope",
    prefixes: ["/dashscope"],
    hosts: {},
    renderError: (error) => ({ status: error.status ?? 500, body: { error: error.message } }),
    async handle(_prefix, _req, res) {
      sendJson(res, 501, { error: "not implemented" });
    },
  };
}
