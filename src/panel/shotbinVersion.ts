import packageJson from "../../package.json";

/** Shotbin's version, for reports (the manifest's plugin version is the same number). */
export const SHOTBIN_VERSION: string = packageJson.version;
