package io.harmony.topology;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this conductor (kafka-streams.rocksdb.config.setter), as Kafka's
 * "bounded memory" recipe: by default each store instance gets its own 50 MB block cache and up to three 16 MB
 * memtables, and this conductor has five stores on each of six tasks, so RocksDB alone could grow past a gigabyte
 * of native memory that no JVM flag bounds. Shared here: 32 MB of cache, memtables counted against it.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {
    static final long CACHE_BYTES = 32L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    /** Per process, shared by every store instance (RocksDB's own design for this): created once, never closed. */
    private static final Cache CACHE = new LRUCache(CACHE_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        // Index and filter blocks inside the budget, kept hot.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(2L * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager outlive any one store.
    }
}
