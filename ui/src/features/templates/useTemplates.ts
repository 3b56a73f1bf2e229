// Queries for the Templates area. Every key starts with `queryKeys.templates`.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { composeApi, templatesApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

export function useTemplates() {
  return useQuery({ queryKey: [...queryKeys.templates, "list"], queryFn: templatesApi.list });
}

/** The lint, variants and fields of `body` against a list's fields (`null`: built-ins only). */
export function checkQuery(body: string, listId: number | null) {
  return {
    queryKey: [...queryKeys.templates, "check", body, listId] as const,
    queryFn: () => composeApi.check({ body, listId }),
  };
}

export function useTemplateCheck(body: string, listId: number | null, enabled = true) {
  return useQuery({ ...checkQuery(body, listId), enabled, placeholderData: keepPreviousData });
}

/** The message the `index`-th contact of the list gets, with the trace of how it came out. */
export function usePreview(body: string, templateId: number | null, listId: number | null, index: number, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.templates, "preview", body, templateId, listId, index],
    queryFn: () => composeApi.preview({ body, templateId, listId: listId ?? 0, index }),
    enabled: enabled && listId !== null,
    placeholderData: keepPreviousData,
  });
}
