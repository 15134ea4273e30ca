// The layers the README states, checked in CI (`npm run depcruise`).
//   core      src/core: the domain; imports nothing of ours outside itself
//   services  src/providers, src/media, src/host, src/quality: core only
//   composed  src/shotlist, src/runtime, src/diagnostics, src/relay/client, src/timeline: core and services
//   faces     src/panel, src/cli, src/relay (server), src/fakes, src/harness, plugin/: anything below
// scripts/ (benchmarks, asset generators) may use src/; nothing in src/ or plugin/ uses scripts/.
const COMPOSED = "^src/(shotlist|runtime|diagnostics|relay/client|timeline)/";
const FACES = "^(src/(panel|cli|fakes|harness)/|src/relay/(?!client/)|plugin/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Import circles make load order matter and hide which module owns a concept.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-not-to-scripts",
      comment: "scripts/ holds benchmarks and asset generators; the product never imports them.",
      severity: "error",
      from: { path: "^(src|plugin)/" },
      to: { path: "^scripts/" },
    },
    {
      name: "core-imports-only-core",
      comment: "src/core is the domain: no services, no faces.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "services-import-only-core",
      comment: "Providers, media, host and quality know the core and their own folder, nothing else of ours.",
      severity: "error",
      from: { path: "^src/(providers|media|host|quality)/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/$1/"] },
    },
    {
      name: "composed-not-to-faces",
      comment: "Shot lists, the runtime wiring, diagnostics and the relay client sit below every face.",
      severity: "error",
      from: { path: COMPOSED },
      to: { path: FACES },
    },
    {
      name: "panel-stays-in-uxp",
      comment: "The panel runs in UXP: it never reaches the CLI, the relay server, the fakes or the harness.",
      severity: "error",
      from: { path: "^(src/panel/|plugin/)" },
      to: { path: "^src/(cli|fakes|harness)/|^src/relay/(?!client/)" },
    },
    {
      name: "faces-do-not-lean-on-each-other",
      comment: "The CLI and the relay server do not use the panel; the fakes use no face.",
      severity: "error",
      from: { path: "^src/(cli|relay|fakes)/" },
      to: { path: "^src/panel/" },
    },
    {
      name: "only-entry-points-start-fakes-and-harness",
      comment: "The fakes and the harness are started by the CLI (and the harness starts the fakes).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(cli|harness|fakes)/" },
      to: { path: "^src/(fakes|harness)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
