import { defineConfig } from "vitepress";

const tutorial = [
  ["Creating an array", "/tutorial/creating"],
  ["Reading and writing data", "/tutorial/reading-writing"],
  ["Persistent arrays", "/tutorial/persistent"],
  ["Resizing and appending", "/tutorial/resizing"],
  ["Compressors", "/tutorial/compressors"],
  ["Filters", "/tutorial/filters"],
  ["Groups", "/tutorial/groups"],
  ["Array and group diagnostics", "/tutorial/diagnostics"],
  ["User attributes", "/tutorial/attributes"],
  ["Indexing", "/tutorial/indexing"],
  ["Storage alternatives", "/tutorial/storage"],
  ["Consolidated metadata", "/tutorial/consolidated"],
  ["Copying and migrating data", "/tutorial/copying"],
  ["Chunk optimizations", "/tutorial/chunks"],
  ["Parallel computing and synchronization", "/tutorial/parallel"],
  ["Zarr v3 and sharding", "/tutorial/v3"],
] as const;

export default defineConfig({
  title: "zarrkit",
  description: "Zarr for TypeScript: chunked, compressed N-dimensional arrays",
  cleanUrls: true,
  srcExclude: ["README.md", "reference/**", "test/**", "demo/**"],
  themeConfig: {
    nav: [
      { text: "Guide", link: "/getting-started" },
      { text: "Tutorial", link: "/tutorial/creating" },
      { text: "Data types", link: "/data-types" },
    ],
    sidebar: [
      {
        text: "Introduction",
        items: [
          { text: "What is zarrkit?", link: "/" },
          { text: "Getting started", link: "/getting-started" },
          { text: "Command line", link: "/cli" },
        ],
      },
      { text: "Tutorial", items: tutorial.map(([text, link]) => ({ text, link })) },
      {
        text: "Stores",
        items: [
          { text: "Reading over HTTP", link: "/stores/http" },
          { text: "S3 and S3-compatible", link: "/stores/s3" },
          { text: "Caching a slow store", link: "/stores/lru-cache" },
          { text: "LMDB environments", link: "/stores/lmdb" },
          { text: "SQLite", link: "/stores/sqlite" },
        ],
      },
      {
        text: "Reference",
        items: [
          { text: "Data types", link: "/data-types" },
          { text: "Migrating a v2 hierarchy to v3", link: "/migrating-to-v3" },
          { text: "Writing a codec", link: "/writing-a-codec" },
        ],
      },
    ],
    search: { provider: "local" },
  },
});
