import { allModels } from "../providers/catalog";
import { formatUsd } from "../core/pricing";

/** Placeholder view until the Generate tab lands: the models Shotbin knows and their prices. */
export function ModelCatalog() {
  return (
    <div style={{ padding: 12, display: "flex", flexDirection: "column" }}>
      <h3 style={{ margin: "0 0 8px 0" }}>Shotbin</h3>
      {allModels().map((model) => (
        <div key={`${model.provider}/${model.id}`} style={{ display: "flex", flexDirection: "row", justifyContent: "space-between" }}>
          <span>{model.displayName}</span>
          <span>{formatUsd(model.price.rates[0]?.usdPerSecond ?? Number.NaN)}/s</span>
        </div>
      ))}
    </div>
  );
}
