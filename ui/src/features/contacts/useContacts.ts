// Queries for the Contacts screen. Every key starts with `queryKeys.contacts`, so an import,
// an undo or an edit refreshes all of them with one invalidation.
import { useQueries, useQuery } from "@tanstack/react-query";
import { type ContactQuery, type ContactView, contactsApi, importApi, listsApi, optOutsApi } from "../../ipc";
import { queryKeys } from "../../lib/queries";

/** Rows fetched per request while scrolling. */
export const PAGE_SIZE = 100;

export function useContactLists() {
  return useQuery({ queryKey: [...queryKeys.contacts, "lists"], queryFn: listsApi.list });
}

export function useTags() {
  return useQuery({ queryKey: [...queryKeys.contacts, "tags"], queryFn: contactsApi.tags });
}

export function useOptOuts() {
  return useQuery({ queryKey: [...queryKeys.contacts, "optouts"], queryFn: optOutsApi.list });
}

export function useImportHistory() {
  return useQuery({ queryKey: [...queryKeys.contacts, "imports"], queryFn: importApi.history });
}

export function useContactCount(query: ContactQuery) {
  return useQuery({
    queryKey: [...queryKeys.contacts, "count", query],
    queryFn: () => contactsApi.count(query),
    placeholderData: (previous) => previous,
  });
}

/** The pages covering rows `first..=last`; rows not loaded yet are `undefined`. */
export function useContactRows(query: ContactQuery, first: number, last: number) {
  const pages: number[] = [];
  for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: [...queryKeys.contacts, "page", query, page],
      queryFn: () => contactsApi.page(query, page * PAGE_SIZE, PAGE_SIZE),
      staleTime: 30_000,
    })),
  });
  return (index: number): ContactView | undefined => {
    const at = pages.indexOf(Math.floor(index / PAGE_SIZE));
    return at < 0 ? undefined : results[at]?.data?.[index % PAGE_SIZE];
  };
}
