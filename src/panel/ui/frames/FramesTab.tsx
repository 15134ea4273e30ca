import { HostContextLine } from "../generate/HostContextLine";
import { MediaFolderLine } from "../generate/MediaFolderLine";
import { FrameGrid } from "./FrameGrid";
import { FramesForm } from "./FramesForm";
import { PickPanel } from "./PickPanel";

/**
 * Concept frames: a few stills from one prompt on one or more image models, priced before they are
 * sent; pick one, refine it, animate it. Stills land in a Frames sub-bin of the target bin and are
 * never put on a timeline.
 */
export function FramesTab() {
  return (
    <div data-testid="frames-tab">
      <HostContextLine />
      <MediaFolderLine />
      <FramesForm />
      <PickPanel />
      <FrameGrid />
    </div>
  );
}
