// The part of pako 1.x (the zlib port) that node-zlib.ts uses; pako ships no types.
declare module "pako" {
  export class Inflate {
    constructor(options?: { chunkSize?: number });
    err: number;
    msg: string;
    onData: (chunk: Uint8Array) => void;
    onEnd: (status: number) => void;
    push(data: Uint8Array, mode: number | boolean): boolean;
  }
  const pako: { Inflate: typeof Inflate };
  export default pako;
}
