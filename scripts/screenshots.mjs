// `npm run screenshots`: builds when there is no production build yet, then writes the main pages at
// desktop and phone size to screenshots/ (or SCREENSHOTS_DIR) with Playwright against `npm start`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;

if (!existsSync(".next/BUILD_ID") && run("npm", ["run", "build"]) !== 0) process.exit(1);
const status = run("npx", ["playwright", "test", "--config", "playwright.screenshots.config.ts"]);
if (status === 0) console.log(`Screenshots written to ${process.env.SCREENSHOTS_DIR ?? "screenshots"}/desktop and /phone.`);
process.exit(status);
