/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    // tsconfig sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` catches type errors.
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  // Builds lib/ (the compiled CLI that tests spawn) when a source is newer than it.
  globalSetup: "<rootDir>/test/support/buildCli.ts",
  testTimeout: 30000,
  maxWorkers: 2,
};
