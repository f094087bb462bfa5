import { AppError } from "@/lib/errors";

export const statusErrors = {
  incidentNotFound: () => new AppError("NOT_FOUND", { id: "Insiden tidak ditemukan.", en: "Incident not found." }),
  maintenanceNotFound: () => new AppError("NOT_FOUND", { id: "Pemeliharaan tidak ditemukan.", en: "Maintenance not found." }),
  componentNotFound: () => new AppError("NOT_FOUND", { id: "Komponen tidak ditemukan.", en: "Component not found." }),
  unknownComponents: (ids: string[]) =>
    new AppError("INVALID_INPUT", { id: `Komponen tidak dikenal: ${ids.join(", ")}`, en: `Unknown components: ${ids.join(", ")}` }, { details: { unknownComponentIds: ids } }),
  alreadyResolved: () => new AppError("CONFLICT", { id: "Insiden sudah selesai.", en: "The incident is already resolved." }),
  notADraft: () => new AppError("CONFLICT", { id: "Insiden ini sudah diterbitkan.", en: "This incident is already published." }),
  maintenanceFinished: () => new AppError("CONFLICT", { id: "Pemeliharaan sudah selesai.", en: "The maintenance is already completed." }),
};
