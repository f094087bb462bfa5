import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run screenshots`: the main pages at desktop and phone size, written to screenshots/ (gitignored),
// so that a change in look can be seen in review. Same production build and server as the e2e tests.
export default defineConfig({
  ...base,
  testMatch: "**/*.shots.ts",
  timeout: 180_000,
});
