// Stores random bytes under their SHA-256 in the folder given (lib/storage/content-address.ts), for a test
// that watches the system calls from outside (strace). Prints the content address.
import { createHash, randomBytes } from "node:crypto";
import { storeContentSync } from "@/lib/storage/content-address";

const bytes = randomBytes(100_000);
const sha256 = createHash("sha256").update(bytes).digest("hex");
storeContentSync(process.argv[2], bytes, sha256);
console.log(sha256);
