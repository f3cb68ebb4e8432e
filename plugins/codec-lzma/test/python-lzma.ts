/**
 * For `compressorReference`'s `alsoDecode`: Python's own `lzma.decompress(data, format)`, with
 * `filters` for FORMAT_RAW only. It is what numcodecs 0.11 would return if it did not pass
 * `filters` for XZ and ALONE too (where lzma.decompress refuses them).
 */
export const PYTHON_LZMA_DECODE = `
def also_decode(codec, data):
    import lzma
    filters = codec.filters if codec.format == lzma.FORMAT_RAW else None
    return lzma.decompress(data, format=codec.format, filters=filters)
`;
