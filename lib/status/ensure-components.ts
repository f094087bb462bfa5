import "server-only";
import { db } from "@/lib/db/client";
import { STATUS_COMPONENTS } from "./catalog";

/**
 * Creates the six components if missing (idempotent; names are refreshed, statuses are kept). Runs at
 * every start: a component is written only when something differs, so its updated_at (and the page's,
 * and the feeds' ETags) do not move on a restart.
 */
export async function ensureStatusComponents() {
  const existing = new Map((await db().statusComponent.findMany({ select: { slug: true, name: true, nameEn: true, position: true } })).map((c) => [c.slug, c]));
  for (const [position, c] of STATUS_COMPONENTS.entries()) {
    const found = existing.get(c.slug);
    if (found && found.name === c.name && found.nameEn === c.nameEn && found.position === position) continue;
    await db().statusComponent.upsert({
      where: { slug: c.slug },
      create: { slug: c.slug, name: c.name, nameEn: c.nameEn, description: c.description, position },
      update: { name: c.name, nameEn: c.nameEn, position },
      select: { id: true },
    });
  }
}
