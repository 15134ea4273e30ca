// The manifest that goes into dist/ (and so into the .ccx): copied from manifest.json by
// webpack.config.js through this check, which fails the build when the packaged manifest would
// not work for a studio. UXP allows `requiredPermissions.network.domains` to be a list of origins
// (with `*.` wildcards below the top-level domain) or "all" (developer.adobe.com/premiere-pro/uxp/
// plugins/concepts/manifest, NetworkPermission); no documented way lets a user's setting add an
// origin at run time. Shotbin packages "all" so that a studio's own relay, a provider gateway and
// a provider's next download host work without a rebuild; development hosts (the harness's fake
// servers and relay on localhost) never belong in a package.

const DEVELOPMENT_HOST = /^[a-z]+:\/\/(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(:\d+)?(\/|$)/i;

/** What is wrong with a manifest for packaging, one sentence each; empty when it is fine. */
function packagedManifestProblems(manifest) {
  const problems = [];
  if (Array.isArray(manifest.host)) problems.push("host is a list; a package targets exactly one host (premierepro)");
  const domains = manifest.requiredPermissions?.network?.domains;
  if (domains !== "all") {
    problems.push('requiredPermissions.network.domains must be "all", so a studio\'s relay and provider gateways work without a rebuild');
    for (const origin of Array.isArray(domains) ? domains : []) {
      if (DEVELOPMENT_HOST.test(origin)) problems.push(`${origin} is a development host and must not be packaged`);
    }
  }
  const schemes = manifest.requiredPermissions?.launchProcess?.schemes;
  if (!Array.isArray(schemes) || !schemes.includes("https")) problems.push('requiredPermissions.launchProcess.schemes must include "https" (Settings opens providers\' key and pricing pages with shell.openExternal)');
  return problems;
}

/** CopyPlugin transform: the manifest's bytes unchanged, or a build error naming each problem. */
function packagedManifest(content) {
  const problems = packagedManifestProblems(JSON.parse(content.toString("utf8")));
  if (problems.length) throw new Error(`manifest.json cannot be packaged:\n- ${problems.join("\n- ")}`);
  return content;
}

module.exports = { packagedManifest, packagedManifestProblems, DEVELOPMENT_HOST };
