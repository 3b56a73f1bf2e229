import { IconFileText, IconMusic, IconPhoto, IconVideo } from "@tabler/icons-react";
import type { MediaKind } from "../../ipc";

export const MEDIA_ICONS: Record<MediaKind, typeof IconPhoto> = {
  image: IconPhoto,
  video: IconVideo,
  audio: IconMusic,
  document: IconFileText,
};
