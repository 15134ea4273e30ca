/**
 * Opens a provider's web page (where to get a key, its prices) in the editor's browser through
 * UXP's shell.openExternal, which asks the editor first (the manifest allows the https scheme
 * under launchProcess). When the host has no shell, or the editor or the OS refuses, the notice
 * gives the address to open by hand.
 */
import { describeError } from "../../core/errors";
import type { UxpModule } from "../uxp/uxpModule";
import type { Notifier } from "./panelServices";

export class LinksController {
  constructor(
    private readonly uxp: Pick<UxpModule, "shell">,
    private readonly notices: Notifier,
  ) {}

  async open(url: string, why: string): Promise<void> {
    if (!/^https:\/\//.test(url)) {
      this.notices.notify("error", `Shotbin opens only https pages; not ${url}.`);
      return;
    }
    const openExternal = this.uxp.shell?.openExternal;
    if (!openExternal) {
      this.notices.notify("info", `Open ${url} in your browser (${why}).`);
      return;
    }
    const answer = await openExternal.call(this.uxp.shell, url, `Opens ${why} in your browser.`).catch((error: unknown) => describeError(error));
    if (answer) this.notices.notify("warning", `The page did not open (${answer}). Its address is ${url}.`);
  }
}
