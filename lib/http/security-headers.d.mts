export declare function contentSecurityPolicy(nonce: string): string;
export declare function scriptNonce(headers: Headers): string;
export declare const securityHeaders: ReadonlyArray<{ key: string; value: string }>;
export declare const strictTransportSecurity: { key: string; value: string };
