#include "index.h"

namespace dangan::archive {

Status IndexItem(Db& db, int64_t item_id) {
  return Query(db,
               "INSERT INTO item_index(rowid, title, people, doc_ref, body, notes, pinyin) "
               "SELECT id, title, people, doc_ref, body, notes, pinyin FROM item_text WHERE id = ?")
      .Add(item_id)
      .Run();
}

Status UnindexItem(Db& db, int64_t item_id) {
  return Query(db,
               "INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes, "
               "pinyin) "
               "SELECT 'delete', id, title, people, doc_ref, body, notes, pinyin FROM item_text "
               "WHERE id = ?")
      .Add(item_id)
      .Run();
}

}  // namespace dangan::archive
