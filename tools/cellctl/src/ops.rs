// SPDX-License-Identifier: GPL-2.0
//! Running a family's operations and printing what comes back, for any
//! family: the modules' verbs are a request and one of these.

use crate::attr::ParseError;
use crate::error::Error;
use crate::genl::{Family, GenlMsg, GenlSocket};
use crate::json::Value;
use crate::schema::{FamilyDesc, Notify, OpDesc, Reply, Request};
use crate::{emit, Ctx};

/// Opens a socket and resolves `desc`'s family.
pub fn connect(desc: &FamilyDesc) -> Result<(GenlSocket, Family), Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(desc.name)?;
    Ok((sock, family))
}

/// Sends a request of `op` with attributes `attrs` (as a dump with
/// `dump`) and returns the replies.
//
// cellctl runs on routers: the generic functions below only encode the
// request and hand over to functions generic in the reply type at most,
// kept out of line, so that each operation costs little code.
#[inline(never)]
fn request(op: &OpDesc, dump: bool, attrs: &[u8]) -> Result<Vec<GenlMsg>, Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(op.family)?;
    sock.request(&family, op, dump, attrs)
}

/// [`request`], the replies parsed as `T`.
#[inline(never)]
fn request_parsed<T: Reply>(op: &OpDesc, dump: bool, attrs: &[u8]) -> Result<Vec<T>, Error> {
    request(op, dump, attrs)?
        .iter()
        .map(|m| T::parse(m.attrs()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::proto(&format!("{} {}", op.family, op.name), e))
}

fn encode<R: Request>(req: &R) -> Vec<u8> {
    let mut attrs = Vec::new();
    req.encode(&mut attrs);
    attrs
}

/// Sends `req` (as a dump with `dump`) and parses the replies.
pub fn call<R: Request>(req: &R, dump: bool) -> Result<Vec<R::Reply>, Error> {
    request_parsed(R::OP, dump, &encode(req))
}

/// A show verb: a do with what `req` names, or a dump of everything when it
/// names nothing. Prints a JSON array, or each reply's text.
pub fn show<R: Request>(ctx: &Ctx, req: &R) -> Result<(), Error> {
    let dump = req.is_empty() && R::OP.has_dump;
    show_raw::<R::Reply>(ctx, R::OP, dump, &encode(req))
}

#[inline(never)]
fn show_raw<T: Reply>(ctx: &Ctx, op: &OpDesc, dump: bool, attrs: &[u8]) -> Result<(), Error> {
    print_all(ctx, &request_parsed::<T>(op, dump, attrs)?)
}

/// Prints replies: a JSON array, or each one's text.
pub fn print_all<T: Reply>(ctx: &Ctx, items: &[T]) -> Result<(), Error> {
    if ctx.json {
        let list = items.iter().map(|i| i.to_json().build()).collect();
        return emit(&Value::Array(list).to_json());
    }
    for i in items {
        emit(&i.format_show())?;
    }
    Ok(())
}

/// A create verb: prints the new object, as JSON or as `created` and its
/// first line.
pub fn create<R: Request>(ctx: &Ctx, req: &R) -> Result<(), Error> {
    create_raw::<R::Reply>(ctx, R::OP, &encode(req))
}

#[inline(never)]
fn create_raw<T: Reply>(ctx: &Ctx, op: &OpDesc, attrs: &[u8]) -> Result<(), Error> {
    let reply = request_parsed::<T>(op, false, attrs)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::proto(
                &format!("{} {}", op.family, op.name),
                ParseError("no reply".into()),
            )
        })?;
    if ctx.json {
        emit(&reply.to_json().build().to_json())
    } else {
        emit(&format!("created {}", reply.format_brief()))
    }
}

/// A verb that changes or deletes: no output (a reply, if any, is not
/// looked at).
pub fn change<R: Request>(req: &R) -> Result<(), Error> {
    request(R::OP, false, &encode(req)).map(drop)
}

/// One notification as printed: `{"event":"new",...}` or `new` and the
/// first line of the object.
pub fn format_event<N: Notify>(ctx: &Ctx, n: &N) -> String {
    if ctx.json {
        n.reply()
            .to_json()
            .prepend("event", Value::Str(n.event().to_string()))
            .build()
            .to_json()
    } else {
        format!("{} {}", n.event(), n.reply().format_brief())
    }
}

/// Joins the family's multicast groups and prints its notifications until
/// `count` were printed (forever without a count).
pub fn monitor<N: Notify>(ctx: &Ctx, count: Option<u64>) -> Result<(), Error> {
    let (mut sock, family) = connect(N::FAMILY)?;
    for group in &N::FAMILY.mcgrps[1.min(N::FAMILY.mcgrps.len())..] {
        sock.subscribe(&family, group)?;
    }
    let first = N::FAMILY.mcgrps.first().copied().unwrap_or("");
    sock.monitor(&family, first, count, |m| match N::parse(m) {
        None => Ok(false),
        Some(n) => {
            let n = n.map_err(|e| Error::proto(&format!("{} event", family.name), e))?;
            emit(&format_event(ctx, &n))?;
            Ok(true)
        }
    })
}
