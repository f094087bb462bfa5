"use client";
import { ActionForm } from "@/app/_components/action-form";
import { decideRefundAction, reconcileNowAction } from "./actions";

export function ReconcileForm({ label }: { label: string }) {
  return <ActionForm action={reconcileNowAction as never} submitLabel={label}>{null}</ActionForm>;
}

export function RefundDecisionForm({ orderId, decision, label }: { orderId: string; decision: "approve" | "reject"; label: string }) {
  return (
    <ActionForm action={decideRefundAction as never} submitLabel={label} className="space-y-1">
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="decision" value={decision} />
    </ActionForm>
  );
}
