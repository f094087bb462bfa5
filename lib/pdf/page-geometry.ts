import { PdfError } from "./pdf-error";
import type { PageNode } from "./pdf-reader";
import { DEFAULT_STAMP_WIDTH } from "./stamp-appearance";

/** Where a stamp lands on a page: from coordinates on the page as displayed to default user space. */

export type Placement = { rect: [number, number, number, number]; matrix: string };

/**
 * Map a placement given on the page as displayed to default user space (§8.3.2.3). /Rotate turns
 * the page clockwise for display, so the appearance is turned counter-clockwise by the same angle
 * through its /Matrix (§8.10.1, §12.5.5) to appear upright.
 */
export function placeOnPage(page: PageNode, stamp: { x: number; y: number; width?: number }): Placement {
  const box = visibleBox(page);
  const rotate = (((Math.round(page.rotate / 90) * 90) % 360) + 360) % 360;
  const size = stamp.width ?? DEFAULT_STAMP_WIDTH;
  const [x0, y0, x1, y1] = box;
  const turned = rotate === 90 || rotate === 270;
  const visibleWidth = turned ? y1 - y0 : x1 - x0;
  const visibleHeight = turned ? x1 - x0 : y1 - y0;
  const epsilon = 0.01;
  if (stamp.x < -epsilon || stamp.y < -epsilon || stamp.x + size > visibleWidth + epsilon || stamp.y + size > visibleHeight + epsilon) {
    throw new PdfError("PLACEMENT_OUT_OF_PAGE", `stamp ${size}pt at (${stamp.x}, ${stamp.y}) on a ${visibleWidth}×${visibleHeight} page`);
  }
  const { x, y } = stamp;
  const rects: Record<number, [number, number, number, number]> = {
    0: [x0 + x, y0 + y, x0 + x + size, y0 + y + size],
    90: [x1 - y - size, y0 + x, x1 - y, y0 + x + size],
    180: [x1 - x - size, y1 - y - size, x1 - x, y1 - y],
    270: [x0 + y, y1 - x - size, x0 + y + size, y1 - x],
  };
  const matrices: Record<number, string> = { 0: "[1 0 0 1 0 0]", 90: "[0 1 -1 0 0 0]", 180: "[-1 0 0 -1 0 0]", 270: "[0 -1 1 0 0 0]" };
  return { rect: rects[rotate].map((v) => Math.round(v * 1000) / 1000) as Placement["rect"], matrix: matrices[rotate] };
}

/** The CropBox clipped to the MediaBox (§14.11.2), normalised to [llx lly urx ury]. */
export function visibleBox(page: PageNode): [number, number, number, number] {
  const normalise = (b: number[]): [number, number, number, number] => [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
  const media = normalise(page.mediaBox);
  if (!page.cropBox || page.cropBox.length !== 4) return media;
  const crop = normalise(page.cropBox);
  const clipped: [number, number, number, number] = [Math.max(media[0], crop[0]), Math.max(media[1], crop[1]), Math.min(media[2], crop[2]), Math.min(media[3], crop[3])];
  return clipped[2] > clipped[0] && clipped[3] > clipped[1] ? clipped : media;
}

