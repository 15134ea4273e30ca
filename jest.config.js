/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    // Type errors are caught by `npm run typecheck`; tests only transpile, which keeps them fast.
    "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, tsconfig: "tsconfig.json" }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
