// A webpack loader for zod's two code-generation sites. UXP forbids `eval` and `new Function`
// unless the manifest sets allowCodeGenerationFromStrings, and Shotbin runs zod jitless, so
// neither site is ever reached; replacing them keeps the bundle free of code generation, which
// test/panel/bundle.test.ts checks. The build fails if zod changes and a pattern is not found.
// Both alias the constructor first: `const F = Function; new F(...)`.
const FROM = "const F = Function;";
const TO = 'const F = function () { throw new Error("code generation is off in UXP"); };';
const FILES = /zod[\\/]v4[\\/]core[\\/](util|doc)\.[cm]?js$/;

module.exports = function noCodeGenerationLoader(source) {
  if (!FILES.test(this.resourcePath)) return source;
  if (!source.includes(FROM)) {
    throw new Error(`noCodeGenerationLoader: "${FROM}" not found in ${this.resourcePath}; zod changed, update webpack/noCodeGenerationLoader.js`);
  }
  return source.split(FROM).join(TO);
};
