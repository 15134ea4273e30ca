// ESLint for the whole repository: typescript-eslint's recommended rules, with the type-aware ones
// that catch lost promises (a paid job must never be dropped on the floor), and React's hooks rules.
// CI runs `npm run lint`, which allows no warnings.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const reactHooks = require("eslint-plugin-react-hooks");
const globals = require("globals");

module.exports = tseslint.config(
  { ignores: ["dist/", "lib/", "coverage/", "test-artifacts/", "node_modules/", ".shotbin/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // The CLI loads subcommands lazily with require() so that `--help` stays fast.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["src/panel/**/*.tsx", "src/panel/**/*.ts", "plugin/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Test helpers hand back parsed JSON bodies whose shape each test asserts.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
