"use client";
import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import type { TLocale } from "@/lib/i18n/define-messages";
import { formatRupiah } from "@/lib/i18n/format-money";
import { priceOrder } from "@/lib/orders/price-order";
import { createOrderAction } from "./actions";

type TLabels = { quantity: string; quantityHint: string; breakdownTitle: string; stamps: string; fees: string; total: string; createOrder: string; creatingOrder: string; invalidQuantity: string };

/** Quantity with a live price breakdown; the server recomputes the price, this is only a preview. */
export function BuyForm({ labels, pricing, idempotencyKey, locale }: { labels: TLabels; pricing: { stampPrice: number; serviceFee: number; maxQuantity: number }; idempotencyKey: string; locale: TLocale }) {
  const [raw, setRaw] = useState("1");
  const n = Number(raw);
  const valid = /^\d+$/.test(raw) && n >= 1 && n <= pricing.maxQuantity;
  const price = priceOrder(valid ? n : 0, pricing);
  const fill = (template: string, count: number, each: number) => template.replace("{n}", String(count)).replace("{price}", formatRupiah(each, locale));
  return (
    <ActionForm action={createOrderAction as never} submitLabel={labels.createOrder} pendingLabel={labels.creatingOrder}>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div>
        <label htmlFor="quantity" className="label">{labels.quantity}</label>
        <input
          id="quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={pricing.maxQuantity}
          step={1}
          required
          value={raw}
          onChange={(e) => setRaw(e.target.value)}
          aria-describedby="quantity-hint"
          aria-invalid={!valid}
          className="field max-w-40"
        />
        <p id="quantity-hint" className={`mt-1 text-sm ${valid ? "text-slate-600" : "text-red-800"}`}>{valid ? labels.quantityHint : labels.invalidQuantity}</p>
      </div>
      <section aria-labelledby="breakdown-title" className="rounded-md bg-slate-50 p-3">
        <h2 id="breakdown-title" className="font-semibold">{labels.breakdownTitle}</h2>
        <dl className="mt-2 space-y-1" aria-live="polite">
          <div className="flex justify-between gap-4">
            <dt>{fill(labels.stamps, price.quantity, pricing.stampPrice)}</dt>
            <dd>{formatRupiah(price.stampsTotal, locale)}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt>{fill(labels.fees, price.quantity, pricing.serviceFee)}</dt>
            <dd>{formatRupiah(price.feesTotal, locale)}</dd>
          </div>
          <div className="flex justify-between gap-4 border-t border-slate-300 pt-1 font-bold">
            <dt>{labels.total}</dt>
            <dd data-testid="price-total">{formatRupiah(price.amount, locale)}</dd>
          </div>
        </dl>
      </section>
    </ActionForm>
  );
}
