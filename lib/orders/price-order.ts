// Pricing is pure: the page's live breakdown and the order use the same function. Integer rupiah.
export type TPricing = { stampPrice: number; serviceFee: number; maxQuantity: number };
export type TPriceBreakdown = { quantity: number; unitPrice: number; serviceFee: number; stampsTotal: number; feesTotal: number; amount: number };

export function priceOrder(quantity: number, pricing: Pick<TPricing, "stampPrice" | "serviceFee">): TPriceBreakdown {
  const stampsTotal = quantity * pricing.stampPrice;
  const feesTotal = quantity * pricing.serviceFee;
  return { quantity, unitPrice: pricing.stampPrice, serviceFee: pricing.serviceFee, stampsTotal, feesTotal, amount: stampsTotal + feesTotal };
}
