// Path parameters are parsed by apiHandler (its `params` option) before a handler runs.
import { z } from "zod";

/** A record's id in a path (a cuid, or an operator's slug): anything else names nothing here, a 404. */
export const ZResourceId = z.string().min(1).max(100);
