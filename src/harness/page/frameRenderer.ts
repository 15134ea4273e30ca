/** The fake Premiere's frame renderer in the harness page: the harness server draws the frame with ffmpeg. */
import type { FakeFrameRenderer } from "../../host/fake/fakeFrameRenderer";

export const harnessFrameRenderer: FakeFrameRenderer = {
  async render(request) {
    const response = await fetch("/api/render-frame", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    if (!response.ok) throw new Error(`the harness could not draw the frame: ${await response.text()}`);
  },
};
