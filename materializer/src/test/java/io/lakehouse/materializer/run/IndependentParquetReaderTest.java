package io.lakehouse.materializer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parquet-java's default codec factory instantiates Hadoop's Configuration; this one decompresses zstd pages with
 * zstd-jni (parquet-java's own dependency) so the test needs no Hadoop runtime.
 */
final class ZstdOnly implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("expected zstd pages, got " + codec);
        }
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return bytes;
                }
                return BytesInput.from(Zstd.decompress(bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(codec == CompressionCodecName.UNCOMPRESSED ? in : Zstd.decompress(in, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }
}

/** The Parquet the materializer writes, read by parquet-java (not DuckDB): standard files, zstd, typed columns. */
class IndependentParquetReaderTest {
    @TempDir
    Path tmp;
    TestLake lake;

    @BeforeEach
    void open() {
        lake = new TestLake(tmp);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void parquetJavaReadsEveryRowAndType() throws Exception {
        lake.putRaw("candidate", "2026-11-20", "p1",
                MaterializerTest.candidate(MaterializerTest.uuid(1), "2026-11-24T23:30:00-05:00")
                        + MaterializerTest.candidate(MaterializerTest.uuid(2), "2026-11-25T08:00:00Z"));
        lake.materializer.run("candidate", "test", true);
        Path file = lake.lakePath().resolve("curated/candidate/dt=2026-11-25/part-p1-0.parquet");

        List<Group> rows = new ArrayList<>();
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdOnly()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(reader.getFooter().getBlocks().getFirst().getColumns().getFirst().getCodec())
                    .isEqualTo(CompressionCodecName.ZSTD);
            assertThat(schema.getType("created_at").getLogicalTypeAnnotation())
                    .isInstanceOf(LogicalTypeAnnotation.TimestampLogicalTypeAnnotation.class);
            assertThat(((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) schema.getType("created_at")
                    .getLogicalTypeAnnotation()).isAdjustedToUTC()).isTrue();
            assertThat(schema.getType("available_from").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.dateType());
            assertThat(schema.getType("years_experience").asPrimitiveType().getPrimitiveTypeName().name())
                    .isEqualTo("INT64");
            assertThat(schema.getType("desired_rate").asPrimitiveType().getPrimitiveTypeName().name())
                    .isEqualTo("DOUBLE");
            assertThat(schema.getType("skills").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
            assertThat(schema.getType("address").isPrimitive()).isFalse();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        }
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(g -> g.getString("candidate_id", 0))
                .containsExactlyInAnyOrder(MaterializerTest.uuid(1), MaterializerTest.uuid(2));
        assertThat(rows.getFirst().getGroup("address", 0).getString("city", 0)).isEqualTo("Boston");
        assertThat(rows.getFirst().getLong("years_experience", 0)).isEqualTo(7);
        // 2026-11-24T23:30:00-05:00 = 2026-11-25T04:30:00Z, in microseconds since the epoch.
        assertThat(rows).extracting(g -> g.getLong("created_at", 0))
                .contains(java.time.Instant.parse("2026-11-25T04:30:00Z").toEpochMilli() * 1000);
    }
}
