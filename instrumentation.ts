// Runs once when the server starts: applies pending migrations (so a fresh SQLite file is created on
// first run) and starts the background jobs of this process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/start-server");
  await startServer();
}
