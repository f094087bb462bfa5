import "server-only";
// Imported by prisma/seed.ts: the demo data of the status page is its six components.
import { registerSeeder } from "@/lib/seed/seed-demo";
import { ensureStatusComponents } from "./ensure-components";

registerSeeder(ensureStatusComponents);
