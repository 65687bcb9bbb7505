import { defineConfig } from "vitest/config";

// Unit tests of the client's pure parts (no DOM, no network): `npm test`. scripts/test.sh runs them
// with a JUnit report and counts them with the .NET tests.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
  },
});
