"use client";
import { ActionForm } from "@/app/_components/action-form";
import { requestRefundAction } from "./actions";

export function RefundForm({ orderId, labels }: { orderId: string; labels: { requestRefund: string; refundReason: string } }) {
  return (
    <details>
      <summary className="cursor-pointer text-brand-700 underline">{labels.requestRefund}</summary>
      <ActionForm action={requestRefundAction as never} submitLabel={labels.requestRefund} className="mt-2 space-y-2">
        <input type="hidden" name="orderId" value={orderId} />
        <label htmlFor={`reason-${orderId}`} className="label">{labels.refundReason}</label>
        <input id={`reason-${orderId}`} name="reason" maxLength={500} className="field" />
      </ActionForm>
    </details>
  );
}
