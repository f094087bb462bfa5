// XMLHttpRequest instead of fetch: only XHR reports upload progress, which a 20 MB file on a phone needs.
export type TXhrResult = { status: number; headers: (name: string) => string | null; body: ArrayBuffer };

export function postForm(url: string, form: FormData, options: { headers?: Record<string, string>; onUploadProgress?: (fraction: number) => void } = {}): Promise<TXhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "arraybuffer";
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onUploadProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, headers: (name) => xhr.getResponseHeader(name), body: xhr.response as ArrayBuffer });
    xhr.onerror = () => reject(new Error("network"));
    xhr.ontimeout = () => reject(new Error("network"));
    xhr.send(form);
  });
}

export function jsonOf<T>(result: TXhrResult): T {
  return JSON.parse(new TextDecoder().decode(result.body)) as T;
}
