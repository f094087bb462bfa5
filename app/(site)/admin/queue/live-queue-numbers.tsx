"use client";
import { useEffect, useState } from "react";

type TArea = { area: string; enabled: boolean; waiting: number; active: number; measuredAdmitPerMinute: number | null; admitPerMinute: number; admittedTotal: number };
type TLabels = { caption: string; area: string; state: string; waiting: string; active: string; measuredRate: string; admittedTotal: string; on: string; off: string; notMeasured: string; areaNames: Record<string, string> };

/** The queue's numbers, refreshed every 5 s from GET /api/v1/queue. */
export function LiveQueueNumbers({ initial, labels }: { initial: TArea[]; labels: TLabels }) {
  const [areas, setAreas] = useState(initial);
  useEffect(() => {
    const timer = window.setInterval(async () => {
      try {
        const response = await fetch("/api/v1/queue", { cache: "no-store" });
        if (response.ok) setAreas(((await response.json()) as { areas: TArea[] }).areas);
      } catch {
        // keep the last numbers
      }
    }, 5000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <table className="table" aria-live="polite">
      <caption className="text-left font-semibold">{labels.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labels.area}</th>
          <th scope="col">{labels.state}</th>
          <th scope="col">{labels.waiting}</th>
          <th scope="col">{labels.active}</th>
          <th scope="col">{labels.measuredRate}</th>
          <th scope="col">{labels.admittedTotal}</th>
        </tr>
      </thead>
      <tbody>
        {areas.map((a) => (
          <tr key={a.area} data-testid={`queue-row-${a.area}`}>
            <td>{labels.areaNames[a.area] ?? a.area}</td>
            <td>{a.enabled ? labels.on : labels.off}</td>
            <td>{a.waiting}</td>
            <td>{a.active}</td>
            <td>{a.measuredAdmitPerMinute === null ? labels.notMeasured : `${a.measuredAdmitPerMinute} / ${a.admitPerMinute}`}</td>
            <td>{a.admittedTotal}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
