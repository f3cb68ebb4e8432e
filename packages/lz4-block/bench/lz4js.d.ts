declare module "lz4js";
