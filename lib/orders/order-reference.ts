// An order number a person can read out to a help desk: the id's last 8 characters (its random part),
// in capitals, in two groups ("DETH-5XA8"). The full id stays the key; operators search by either.

export function orderReference(orderId: string): string {
  const tail = orderId.slice(-8).toUpperCase();
  return `${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** The id's ending a typed reference stands for ("deth 5xa8", "DETH-5XA8"), or null if it is not one. */
export function idSuffixOfReference(typed: string): string | null {
  const compact = typed.replace(/[\s-]/g, "");
  return /^[0-9a-z]{8}$/i.test(compact) ? compact.toLowerCase() : null;
}
