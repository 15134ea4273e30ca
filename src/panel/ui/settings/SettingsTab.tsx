import { ApiKeysSection } from "./ApiKeysSection";
import { DefaultsSection, EndpointsSection, FilesAndBinsSection, MediaFolderSection } from "./GeneralSections";
import { LabelColoursSection } from "./LabelColoursSection";
import { RelaySection } from "./RelaySection";

export function SettingsTab() {
  return (
    <div data-testid="settings-tab">
      <MediaFolderSection />
      <ApiKeysSection />
      <RelaySection />
      <FilesAndBinsSection />
      <DefaultsSection />
      <LabelColoursSection />
      <EndpointsSection />
    </div>
  );
}
