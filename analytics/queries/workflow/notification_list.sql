-- Purpose: a user's notifications (addressed to them or to their role; a supplier user only its supplier's), newest first, with their read mark
-- Params: user_id, role, supplier_id (null for staff), limit
-- Returns: notification_id, text, link, task_id, created_at, read_at
SELECT n.notification_id, n.text, n.link, n.task_id, n.created_at, r.read_at
FROM notifications n
LEFT JOIN notification_reads r ON r.notification_id = n.notification_id AND r.user_id = $user_id
WHERE (n.recipient_user = $user_id AND ($supplier_id IS NULL OR n.supplier_id = $supplier_id))
   OR (n.recipient_role = $role
       AND (($supplier_id IS NULL AND n.supplier_id IS NULL) OR n.supplier_id = $supplier_id))
ORDER BY n.created_at DESC, n.notification_id DESC
LIMIT $limit
