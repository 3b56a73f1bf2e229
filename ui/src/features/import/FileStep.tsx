import { Button, Center, Loader, Stack, Text } from "@mantine/core";
import { IconFileSpreadsheet, IconFolderOpen } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { type FileInspection, importApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";

/** Step 1: choose the file (or read the one opened with the app). */
export function FileStep({ initialPath, onLoaded }: { initialPath: string | null; onLoaded: (inspection: FileInspection) => void }) {
  const { t } = useTranslation();
  const inspect = useMutation({
    mutationFn: (path: string) => importApi.inspect({ path, sheet: null, defaultCountry: null }),
    onSuccess: onLoaded,
  });
  const pick = useMutation({
    mutationFn: () => importApi.pickFile(t("import.pickTitle")),
    onSuccess: (path) => {
      if (path) inspect.mutate(path);
    },
  });
  const started = useRef(false);
  useEffect(() => {
    if (initialPath && !started.current) {
      started.current = true;
      inspect.mutate(initialPath);
    }
  }, [initialPath, inspect]);

  if (inspect.isPending) {
    return (
      <Center py="xl">
        <Stack align="center" gap="xs">
          <Loader />
          <Text size="sm" c="dimmed">
            {t("import.reading")}
          </Text>
        </Stack>
      </Center>
    );
  }
  return (
    <Stack gap="md">
      {inspect.isError && <ErrorAlert error={inspect.error} title={t("import.readFailed")} />}
      <Center
        py={48}
        style={{ border: "2px dashed var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)" }}
        data-testid="import-dropzone"
      >
        <Stack align="center" gap="sm">
          <IconFileSpreadsheet size={48} stroke={1.2} />
          <Text fw={500}>{t("import.dropHere")}</Text>
          <Text size="sm" c="dimmed">
            {t("import.formats")}
          </Text>
          <Button leftSection={<IconFolderOpen size={16} />} onClick={() => pick.mutate()} loading={pick.isPending} data-testid="import-pick">
            {t("import.pick")}
          </Button>
        </Stack>
      </Center>
      <Text size="xs" c="dimmed">
        {t("import.doubleClickHint")}
      </Text>
    </Stack>
  );
}
