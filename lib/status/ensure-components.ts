import "server-only";
import { db } from "@/lib/db/client";
import { STATUS_COMPONENTS } from "./catalog";

/** Creates the six components if missing (idempotent; names are refreshed, statuses are kept). */
export async function ensureStatusComponents() {
  for (const [position, c] of STATUS_COMPONENTS.entries()) {
    await db().statusComponent.upsert({
      where: { slug: c.slug },
      create: { slug: c.slug, name: c.name, nameEn: c.nameEn, description: c.description, position },
      update: { name: c.name, nameEn: c.nameEn, position },
      select: { id: true },
    });
  }
}
