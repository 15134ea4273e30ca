/**
 * Provider pages open in the editor's browser through UXP's shell.openExternal with a sentence for
 * UXP's consent dialog; without a shell, or when refused, the notice gives the address instead;
 * only https pages are opened.
 */
import { LinksController } from "../../src/panel/controllers/linksController";
import type { NoticeTone } from "../../src/panel/state/panelStore";
import type { UxpModule } from "../../src/panel/uxp/uxpModule";

function notices() {
  const said: [NoticeTone, string][] = [];
  return { said, notifier: { notify: (tone: NoticeTone, text: string) => void said.push([tone, text]) } };
}

describe("opening a provider's page", () => {
  it("asks UXP's shell to open it, with the reason for the consent dialog, and says nothing when it opened", async () => {
    const opened: [string, string | undefined][] = [];
    const uxp: Pick<UxpModule, "shell"> = { shell: { openPath: async () => "", openExternal: async (url, why) => (opened.push([url, why]), "") } };
    const { said, notifier } = notices();
    await new LinksController(uxp, notifier).open("https://fal.ai/dashboard/keys", "fal.ai's page for API keys");
    expect(opened).toEqual([["https://fal.ai/dashboard/keys", "Opens fal.ai's page for API keys in your browser."]]);
    expect(said).toEqual([]);
  });

  it("gives the address when the host has no openExternal or the editor refuses, and never opens anything but https", async () => {
    const { said, notifier } = notices();
    await new LinksController({ shell: { openPath: async () => "" } }, notifier).open("https://replicate.com/pricing", "Replicate's prices");
    await new LinksController({ shell: { openPath: async () => "", openExternal: async () => "Permission denied by the user" } }, notifier).open("https://replicate.com/pricing", "Replicate's prices");
    const opened: string[] = [];
    await new LinksController({ shell: { openPath: async () => "", openExternal: async (url) => (opened.push(url), "") } }, notifier).open("file:///etc/passwd", "a file");
    expect(opened).toEqual([]);
    expect(said).toEqual([
      ["info", "Open https://replicate.com/pricing in your browser (Replicate's prices)."],
      ["warning", "The page did not open (Permission denied by the user). Its address is https://replicate.com/pricing."],
      ["error", "Shotbin opens only https pages; not file:///etc/passwd."],
    ]);
  });
});
