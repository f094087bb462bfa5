// The quota ledger's public face, for the purchase and affixing areas.
export { reserveQuota, type TReserveResult } from "./reserve-quota";
export { consumeQuota } from "./consume-quota";
export { releaseQuota } from "./release-quota";
export { creditQuota } from "./credit-quota";
export { getQuotaBalance, getLedgerSums, type TQuotaBalance } from "./get-quota-balance";
export { checkQuotaConsistency, type TConsistencyReport } from "./check-quota-consistency";
