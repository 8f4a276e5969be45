/** The enum values of parquet-format's parquet.thrift that this writer uses. */

/** Type: the physical types. */
export const Type = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
export type PhysicalType = (typeof Type)[keyof typeof Type];

/** Encoding. */
export const Encoding = {
  PLAIN: 0,
  RLE: 3,
  DELTA_BINARY_PACKED: 5,
  RLE_DICTIONARY: 8,
} as const;
export type EncodingName = keyof typeof Encoding;

/** CompressionCodec. */
export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, ZSTD: 6 } as const;
export type CodecName = keyof typeof Codec;

/** PageType. */
export const PageType = { DATA_PAGE: 0, DICTIONARY_PAGE: 2 } as const;

/** FieldRepetitionType: every column is OPTIONAL, so every part of a table has one schema whatever its nulls. */
export const OPTIONAL = 1;
/** ConvertedType UTF8, for readers older than LogicalType. */
export const CONVERTED_UTF8 = 0;
